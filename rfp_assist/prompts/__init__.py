"""Prompt templates shipped with the package (YAML files read by rfp_assist.llm.prompts)."""
