// Runs before every test file: no proxy may reroute loopback traffic, and Mastra sends no telemetry.
for (const name of ['HTTPS_PROXY', 'HTTP_PROXY', 'https_proxy', 'http_proxy', 'ALL_PROXY', 'all_proxy']) {
  delete process.env[name];
}
process.env.MASTRA_TELEMETRY_DISABLED = '1';
