import PGClient
import PeerEngine
