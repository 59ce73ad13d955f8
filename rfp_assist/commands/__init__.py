"""The `rfp-assist` commands by group; `rfp_assist.cli` puts them under one command group."""
