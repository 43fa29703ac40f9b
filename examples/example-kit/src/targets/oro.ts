// Connect to oro (real or fake): filled in with its fake.
export {};
