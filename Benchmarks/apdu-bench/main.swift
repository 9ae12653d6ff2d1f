print("apdu-bench: not yet")
