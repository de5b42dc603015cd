"""credo for coding agents: the MCP server (`credo mcp`, the only user of the MCP SDK,
an optional extra) and the client setup (`credo agents setup`)."""
