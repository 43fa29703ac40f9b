// Connect to magento (real or fake): filled in with its fake.
export {};
