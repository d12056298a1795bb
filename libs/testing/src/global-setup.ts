// Replaced by the test harness: prepares the shared servers once per `npm test` run.
export default async function setup(): Promise<void> {}
