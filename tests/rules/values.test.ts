/** The normalisation rules of spec section 4, one value at a time (the stage test is in tests/pipeline). */
import { describe, expect, test } from "bun:test";
import {
  cleanText,
  normaliseDate,
  normaliseEmails,
  normalisePhone,
  normalisePhones,
  normaliseProvince,
  normaliseWebsite,
  slugify,
} from "../../src/rules/index.ts";

describe("text", () => {
  test("trims spaces and non-breaking spaces, NFKC, empty becomes null, capped at 10,000", () => {
    expect(cleanText("\u00a0 Aero Club \u00a0")).toBe("Aero Club");
    expect(cleanText("ＡＢＣ ﬁle")).toBe("ABC file");
    expect(cleanText(" \u00a0 ")).toBeNull();
    expect(cleanText(null)).toBeNull();
    expect(cleanText("x".repeat(1_000_000))!.length).toBe(10_000);
  });
});

describe("emails", () => {
  test("lower-cased, split on ; , / |, malformed dropped, repeats removed", () => {
    expect(normaliseEmails(["Ops@Aero.CO.ZA; sales@aero.co.za, bad@nodot | @x.com / a@b.com", "OPS@aero.co.za"])).toEqual([
      "ops@aero.co.za",
      "sales@aero.co.za",
      "a@b.com",
    ]);
    expect(normaliseEmails(["mailto:Info@Example.com", "not an email", ""])).toEqual(["info@example.com"]);
  });
});

describe("phones", () => {
  test("E.164 in the profile's region", () => {
    expect(normalisePhone("082 123 4567", "ZA")).toBe("+27821234567");
    expect(normalisePhone("(011) 555-1234", "ZA")).toBe("+27115551234");
    expect(normalisePhone("+27 82 123 4567", "ZA")).toBe("+27821234567");
    expect(normalisePhone("0027821234567", "ZA")).toBe("+27821234567");
    expect(normalisePhone("020 7946 0958", "GB")).toBe("+442079460958");
  });

  test("numeric cells: country code without +, lost leading zero, float tail", () => {
    expect(normalisePhone("27821234567", "ZA")).toBe("+27821234567");
    expect(normalisePhone("821234567", "ZA")).toBe("+27821234567");
    expect(normalisePhone("27821234567.0", "ZA")).toBe("+27821234567");
  });

  test("placeholders and invalid numbers are dropped; several numbers in one cell", () => {
    expect(normalisePhone("000-000-0000", "ZA")).toBeNull();
    expect(normalisePhone("1234", "ZA")).toBeNull();
    expect(normalisePhone("n/a", "ZA")).toBeNull();
    expect(normalisePhones(["082 123 4567 / 011 555 1234", "+27821234567", null], "ZA")).toEqual([
      "+27821234567",
      "+27115551234",
    ]);
  });
});

describe("websites", () => {
  test("scheme added, host lower-cased, www dropped, trailing slash, query and fragment dropped", () => {
    expect(normaliseWebsite("www.Example.com/Path/")).toBe("https://example.com/Path");
    expect(normaliseWebsite("http://WWW.Aero.co.za/?utm=1#top")).toBe("http://aero.co.za");
    expect(normaliseWebsite("HTTPS://Fly.Example.org/a/b?x=y")).toBe("https://fly.example.org/a/b");
    expect(normaliseWebsite("N/A")).toBeNull();
    expect(normaliseWebsite("none")).toBeNull();
    expect(normaliseWebsite("ftp://files.example.com")).toBeNull();
  });
});

describe("provinces", () => {
  test("official names, KZN spellings, the word province ignored, placeholders null", () => {
    expect(normaliseProvince("gauteng")).toBe("Gauteng");
    expect(normaliseProvince("Western Cape Province")).toBe("Western Cape");
    for (const spelling of ["KZN", "Kwa-Zulu Natal", "kwazulu natal", "KwaZulu-Natal"]) {
      expect(normaliseProvince(spelling)).toBe("KwaZulu-Natal");
    }
    expect(normaliseProvince("north-west")).toBe("North West");
    expect(normaliseProvince("FREE STATE")).toBe("Free State");
    for (const placeholder of ["Unknown", "Unspecified", "N/A", "-"]) expect(normaliseProvince(placeholder)).toBeNull();
    expect(normaliseProvince("harare province")).toBe("Harare");
  });
});

describe("slug", () => {
  test("NFKD, ASCII, lower-case, non-alphanumeric runs become one dash", () => {
    expect(slugify("360 Aviation (pty) Ltd")).toBe("360-aviation-pty-ltd");
    expect(slugify("  Café Aéro — École ")).toBe("cafe-aero-ecole");
  });
});

describe("dates", () => {
  test("every listed form becomes YYYY-MM-DD", () => {
    expect(normaliseDate("2025-02-18")).toBe("2025-02-18");
    expect(normaliseDate("2025-02-18 10:30:00")).toBe("2025-02-18");
    expect(normaliseDate("2025-02-18T10:30:00Z")).toBe("2025-02-18");
    expect(normaliseDate("2025/02/18")).toBe("2025-02-18");
    expect(normaliseDate("05/02/2025")).toBe("2025-02-05");
    expect(normaliseDate("5-2-2025")).toBe("2025-02-05");
    expect(normaliseDate("March 10, 2025")).toBe("2025-03-10");
    expect(normaliseDate("Mar 10 2025")).toBe("2025-03-10");
    expect(normaliseDate("10 March 2025")).toBe("2025-03-10");
    expect(normaliseDate("10-Sep-2025")).toBe("2025-09-10");
    expect(normaliseDate("45706")).toBe("2025-02-18");
    expect(normaliseDate("45706.5")).toBe("2025-02-18");
  });

  test("1970-01-01 (also as a serial) and impossible dates are null", () => {
    expect(normaliseDate("1970-01-01")).toBeNull();
    expect(normaliseDate("25569")).toBeNull();
    expect(normaliseDate("31/02/2025")).toBeNull();
    expect(normaliseDate("2025-13-01")).toBeNull();
    expect(normaliseDate("soon")).toBeNull();
    expect(normaliseDate("7")).toBeNull();
  });
});
