import PeerRules
print("peercert")
