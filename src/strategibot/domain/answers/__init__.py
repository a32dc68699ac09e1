"""Answering questions from the knowledge: the engine and its evaluation."""
