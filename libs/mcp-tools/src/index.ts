export { createParleyMcpServer, type PlatformCall, VIA_MCP_HEADER } from './tools.js';
