import './provided-context.js';

export * from './fake-llm.js';
export { freePort } from './free-port.js';
export { type CreateTestContextOptions, createTestContext, type TestContext } from './test-context.js';
export { type WaitForOptions, waitFor } from './wait-for.js';
export { launchChromium, SCREENSHOT_DIR, saveScreenshot, watchPage } from './browser.js';
