"""LLM assistance through LangChain: the only package that touches LangChain chat models.

The model reads and explains; every number and risk level still comes from code, and every
sentence it writes must point at words that exist in the documents. With no model configured
everything works in extractive mode (answers are the cited passages, ranked).
"""
