"""Keras knowledge as data: one module per area, typed literals, one row a line."""
