import PeerEngine
