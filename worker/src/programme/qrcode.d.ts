// The QR encoder of the `qrcode` package without its Node-only PNG renderer (pngjs): the API
// draws the PNG itself, so the same code runs on Node and on Workers.
declare module "qrcode/lib/core/qrcode.js" {
  export { create } from "qrcode";
}
