"""Drawing (matplotlib): styles, the one blitting protocol, view layers and panels.

Everything here only draws what the engine and the scene computed.
"""
