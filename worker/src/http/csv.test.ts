// toCsv's own rules, read back with a strict RFC 4180 reader (csv-parse, no relaxation); the
// route-level checks of every CSV the API serves are in csv-exports.test.ts.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

const strict = (text: string) =>
  parse(text, { record_delimiter: "\r\n", relax_quotes: false, relax_column_count: false }) as string[][];

describe("toCsv", () => {
  it("ends every record with CRLF and quotes only fields that need it", () => {
    const text = toCsv(
      ["名字", "note"],
      [
        ["王, 芳", 'says "hi"'],
        ["a\nb", "c\rd"],
        ["plain", ""],
      ],
    );
    expect(text).toBe('名字,note\r\n"王, 芳","says ""hi"""\r\n"a\nb","c\rd"\r\nplain,\r\n');
    expect(strict(text)).toEqual([
      ["名字", "note"],
      ["王, 芳", 'says "hi"'],
      ["a\nb", "c\rd"],
      ["plain", ""],
    ]);
  });

  it("writes numbers as numbers, booleans as true/false and missing values as empty fields", () => {
    expect(
      toCsv(
        ["n", "b", "x", "y"],
        [
          [1.5, true, null, undefined],
          [-2, false, 0, ""],
        ],
      ),
    ).toBe("n,b,x,y\r\n1.5,true,,\r\n-2,false,0,\r\n");
  });

  it("puts a byte-order mark first only when asked", () => {
    expect(toCsv(["a"], [["1"]], { bom: true })).toBe("\uFEFFa\r\n1\r\n");
    expect(toCsv(["a"], [])).toBe("a\r\n");
  });

  it("keeps text a spreadsheet would run as a formula as text, numbers untouched", () => {
    const text = toCsv(["cell"], [["=1+1"], ["+86 138"], ["-x"], ["@SUM(A1)"], [-3]], {
      neutraliseFormulas: true,
    });
    expect(strict(text).map((r) => r[0])).toEqual(["cell", "'=1+1", "'+86 138", "'-x", "'@SUM(A1)", "-3"]);
    expect(toCsv(["cell"], [["=1+1"]])).toBe("cell\r\n=1+1\r\n");
  });

  it("refuses a row narrower or wider than the header", () => {
    expect(() => toCsv(["a", "b"], [["1"]])).toThrow(RangeError);
  });
});
