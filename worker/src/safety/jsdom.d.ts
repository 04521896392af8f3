// jsdom is a test-only dependency here (parsing the E2B XML); its types are not installed.
declare module "jsdom";
