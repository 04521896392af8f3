// Unmount rendered trees between tests (Testing Library does this itself only with globals on).
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

afterEach(() => cleanup());
