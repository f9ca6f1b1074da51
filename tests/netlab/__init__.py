"""The network-namespace lab for `reportkit diagnose` (root only): see lab.py."""
