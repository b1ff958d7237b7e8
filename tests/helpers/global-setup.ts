// Replaced by the local-services setup (Postgres and Redis for integration tests).
export default function setup(): void {}
