interface PageTemplate {
  miniComponents?: unknown;
  componentsAlias?: unknown;
  internalComponents: Record<string, unknown>;
  createMiniComponents: (components: Record<string, unknown>) => unknown;
  buildPageTemplate: (baseTempPath: string, page?: { content?: Record<string, unknown> }) => string;
}

/**
 * @tarojs/vite-runner 4.2.0 calls `template.buildPageTemplate(path)` without the page, so a
 * page's `enablePageMeta` never reaches its WXML and <PageMeta rootFontSize="system"> (WeChat's
 * font-size setting) is silently dropped. Every page of this app uses PageMeta, so the weapp
 * template is told so for all pages. Remove once the runner passes the page config.
 */
export default (_ctx: unknown) => {
  if (process.env.TARO_ENV !== "weapp") return;
  // biome-ignore lint/suspicious/noExplicitAny: patching an untyped internal of the weapp platform
  const { Weapp } = require("@tarojs/plugin-platform-weapp") as { Weapp: { prototype: any } };
  const { getComponentsAlias } = require("@tarojs/shared") as {
    getComponentsAlias: (c: Record<string, unknown>) => unknown;
  };
  const start = Weapp.prototype.start;
  if (start.__steadyPageMeta) return;
  Weapp.prototype.start = function (this: { template: PageTemplate }, ...args: unknown[]) {
    const template = this.template;
    const build = template.buildPageTemplate;
    template.buildPageTemplate = (baseTempPath, page) => {
      // Pages are emitted before base.wxml, so the page-meta attribute map is not built yet:
      // build it the same way base.wxml does (it is reused there, not rebuilt).
      if (!template.miniComponents) {
        template.componentsAlias = getComponentsAlias(template.internalComponents);
        template.miniComponents = template.createMiniComponents(template.internalComponents);
      }
      return build(baseTempPath, page ?? { content: { enablePageMeta: true } });
    };
    return start.apply(this, args);
  };
  Weapp.prototype.start.__steadyPageMeta = true;
};
