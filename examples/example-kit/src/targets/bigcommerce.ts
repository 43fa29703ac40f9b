// Connect to bigcommerce (real or fake): filled in with its fake.
export {};
