// Replaced below by the real setup (private redis-server, PostgreSQL URL); kept minimal so unit tests run.
export default async function setup(): Promise<() => Promise<void>> {
  return async () => {};
}
