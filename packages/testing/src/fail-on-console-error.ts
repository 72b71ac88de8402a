// An unexpected console.error in a test is a failure, not noise.
const original = console.error;
beforeEach(() => {
  console.error = (...args: unknown[]) => {
    original(...args);
    throw new Error(`console.error called during the test: ${args.map(String).join(' ')}`);
  };
});
afterEach(() => {
  console.error = original;
});
