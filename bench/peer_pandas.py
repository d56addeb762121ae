#!/usr/bin/env python3
"""The pandas peer of `hotpass refine`: what a plain pandas + openpyxl + phonenumbers script does
with the same input folder, so refine's speed and memory have something to be measured against.

    apt-get install -y --no-install-recommends python3-pandas python3-openpyxl python3-phonenumbers
    /usr/bin/python3 bench/peer_pandas.py --profile aviation --input-dir DIR --output-path OUT.xlsx
    bun run bench/peer.ts 100000 --shape aviation-dense --runs 3   # side by side with the binary

What it does (a fair subset of refine, on the same files):
  1. read: `aviation`: the seven data sheets of the Reachout, Contact Database and SACAA workbooks
     (every part of a split set), with pandas.read_excel (openpyxl); `generic`: every .csv (the
     separator taken from the header line) and every sheet of every .xlsx in the folder;
  2. map columns: `aviation`: the headers the aviation profile names; `generic`: the generic
     profile's synonyms, folded (case, spaces, punctuation), else difflib's ratio >= 0.85;
  3. drop rows whose name is empty or a placeholder (`Unknown Organisation 12`, `N/A`, `-`);
  4. normalise: phones to E.164 with phonenumbers (region ZA, valid numbers only, the first valid
     of the row's phone cells), emails (the first address-shaped part, lower case), websites
     (`https://host`), provinces (the nine names from their common spellings); each distinct
     value is normalised once;
  5. group by a slug of the name (NFKD, lower case, runs of other characters -> `-`) and take, per
     column, the first non-empty value by source priority (SACAA 3, Reachout 2, Contact 1;
     generic files 0), then input order; list the sources each organisation came from;
  6. write the eight columns (name, slug, province, address, website, email, phone, sources) as
     .xlsx with openpyxl (DataFrame.to_excel).
What it does not do (refine does): joins by key, duplicate-key checks, contacts beyond the first
email and phone, dates, categories, scores, provenance, expectations, reports, lineage, telemetry.
It prints one JSON line: rows read, organisations written, seconds per step.
"""
import argparse
import difflib
import glob
import json
import os
import re
import time
import unicodedata
import warnings

import pandas as pd
import phonenumbers

warnings.filterwarnings("ignore", message="Workbook contains no default style")

AVIATION = [  # (file pattern, priority, sheet, {field: header or [headers]})
    ("Reachout Database*.xlsx", 2, "Organisation", {"name": "Organisation Name", "province": "Area", "address": "Address", "website": "Website"}),
    ("Reachout Database*.xlsx", 2, "Contact Info", {"name": "Organisation Name", "email": "Email", "phone": ["Phone", "WhatsApp"]}),
    ("Contact Database*.xlsx", 1, "Company_Cat", {"name": "Company", "website": "Website"}),
    ("Contact Database*.xlsx", 1, "Company_Contacts", {"name": "Company", "email": "Email", "phone": ["Cellnumber", "Landline"]}),
    ("Contact Database*.xlsx", 1, "Company_Addresses", {"name": "Company", "address": "Airport"}),
    ("Contact Database*.xlsx", 1, "10-10-25 Capture", {"name": "School", "email": "Email", "phone": "Phone", "website": "Website", "address": "Addresses"}),
    ("SACAA*.xlsx", 3, "Cleaned", {"name": "Name of Organisation", "province": "Province", "website": "Website URL", "email": "Contact Email Address", "phone": "Contact Number"}),
]
SYNONYMS = {  # the generic profile's column_synonyms for the fields this peer writes
    "name": ["organisation name", "organization name", "organisation", "organization", "company", "company name", "name of organisation", "name of organization", "school", "business name", "business", "account name", "name"],
    "province": ["province", "state", "region"],
    "address": ["address", "physical address", "street address", "addresses", "postal address"],
    "website": ["website", "website url", "web", "url", "site", "homepage", "web address"],
    "email": ["email", "e-mail", "email address", "contact email", "contact email address", "mail"],
    "phone": ["phone", "phone number", "telephone", "tel", "cell", "cellnumber", "cell number", "mobile", "contact number", "landline", "whatsapp"],
}
PROVINCES = {
    "gauteng": "Gauteng", "westerncape": "Western Cape", "wcape": "Western Cape", "kwazulunatal": "KwaZulu-Natal", "kzn": "KwaZulu-Natal",
    "easterncape": "Eastern Cape", "northwest": "North West", "limpopo": "Limpopo", "mpumalanga": "Mpumalanga", "freestate": "Free State", "northerncape": "Northern Cape",
}
PLACEHOLDER = re.compile(r"^(unknown|unnamed|unspecified|n/?a|none|null|tbc|-+|\?+)(\s+(organi[sz]ation|company|org))?(\s*#?\s*\d+)?$", re.I)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
FIELDS = ["name", "province", "address", "website", "email", "phone"]


def fold(text):
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", str(text)).lower())


def slug(name):
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def phone(raw):
    for part in re.split(r"[;,/|\n]+", raw):
        try:
            number = phonenumbers.parse(part, "ZA")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def email(raw):
    for part in re.split(r"[;,/|\s]+", raw.lower()):
        if EMAIL.match(part):
            return part
    return None


def website(raw):
    host = re.sub(r"^[a-z]+://", "", raw.strip().lower()).split("/")[0].split("?")[0]
    host = host[4:] if host.startswith("www.") else host
    return f"https://{host}" if "." in host else None


def province(raw):
    return PROVINCES.get(fold(raw).removesuffix("province"))


def generic_plan(headers):
    """Field -> the headers it reads: folded synonyms first, then difflib's close matches."""
    plan = {}
    folded = {field: [fold(s) for s in spellings] for field, spellings in SYNONYMS.items()}
    for header in headers:
        h = fold(header)
        if not h:
            continue
        best = max(((difflib.SequenceMatcher(None, h, s).ratio() if h != s else 1.0, field) for field, ss in folded.items() for s in ss), default=(0, None))
        if best[0] >= 0.85 and (best[1] in ("phone", "email") or best[1] not in plan):
            plan.setdefault(best[1], []).append(header)
    return plan


def frame(df, plan, source, priority):
    """The sheet as rows of the six fields plus source and priority; several phone/email columns joined by `;`."""
    out = pd.DataFrame({"source": source, "priority": priority}, index=df.index)
    for field in FIELDS:
        wanted = plan.get(field, [])
        headers = [h for h in ([wanted] if isinstance(wanted, str) else wanted) if h in df.columns]
        if not headers:
            out[field] = None
            continue
        column = df[headers[0]]
        for header in headers[1:]:
            column = (column.fillna("") + ";" + df[header].fillna("")).str.strip(";").replace("", None)
        out[field] = column
    return out


def read(profile, folder):
    parts = []
    if profile == "aviation":
        for pattern in dict.fromkeys(p for p, *_ in AVIATION):
            specs = [spec for spec in AVIATION if spec[0] == pattern]
            for path in sorted(glob.glob(os.path.join(folder, pattern))):
                sheets = pd.read_excel(path, sheet_name=[sheet for _, _, sheet, _ in specs], dtype=str, engine="openpyxl")
                for _, priority, sheet, plan in specs:
                    parts.append(frame(sheets[sheet], plan, f"{os.path.basename(path)}/{sheet}", priority))
        return parts
    for path in sorted(glob.glob(os.path.join(folder, "*"))):
        if path.endswith(".csv"):
            with open(path, encoding="utf-8-sig") as f:
                head = f.readline()
            sep = max([",", ";", "\t", "|"], key=head.count)
            sheets = {"": pd.read_csv(path, dtype=str, sep=sep, encoding="utf-8-sig", keep_default_na=False, na_values=[""])}
        elif path.endswith(".xlsx"):
            sheets = pd.read_excel(path, sheet_name=None, dtype=str, engine="openpyxl")
        else:
            continue
        for sheet, df in sheets.items():
            plan = generic_plan(df.columns)
            if "name" in plan:
                plan = {field: headers if field in ("phone", "email") else headers[0] for field, headers in plan.items()}
                parts.append(frame(df, plan, os.path.basename(path) + (f"/{sheet}" if sheet else ""), 0))
    return parts


def normalise(column, function):
    values = column.dropna().unique()
    return column.map(dict(zip(values, (function(str(v)) for v in values))))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--profile", choices=["aviation", "generic"], required=True)
    parser.add_argument("--input-dir", required=True)
    parser.add_argument("--output-path", required=True)
    args = parser.parse_args()
    seconds = {}
    t = time.perf_counter()
    rows = pd.concat(read(args.profile, args.input_dir), ignore_index=True)
    read_rows = len(rows)
    seconds["read"] = time.perf_counter() - t

    t = time.perf_counter()
    rows["name"] = rows["name"].str.strip().str.replace(r"\s+", " ", regex=True)
    rows = rows[rows["name"].notna() & (rows["name"] != "") & ~rows["name"].str.match(PLACEHOLDER, na=False)].copy()
    rows["slug"] = normalise(rows["name"], slug)
    rows["phone"] = normalise(rows["phone"], phone)
    rows["email"] = normalise(rows["email"], email)
    rows["website"] = normalise(rows["website"], website)
    rows["province"] = normalise(rows["province"], province)
    seconds["normalise"] = time.perf_counter() - t

    t = time.perf_counter()
    rows["order"] = range(len(rows))
    rows = rows.sort_values(["priority", "order"], ascending=[False, True])
    groups = rows.groupby("slug", sort=False)
    table = groups[["name", "province", "address", "website", "email", "phone"]].first()
    table["sources"] = groups["source"].agg(lambda s: "; ".join(sorted(set(s))))
    table = table.reset_index().sort_values("slug")
    seconds["group"] = time.perf_counter() - t

    t = time.perf_counter()
    columns = ["name", "slug", "province", "address", "website", "email", "phone", "sources"]
    table[columns].to_excel(args.output_path, index=False, engine="openpyxl", sheet_name="Refined Data")
    seconds["write"] = time.perf_counter() - t
    print(json.dumps({"rows_read": read_rows, "organisations": len(table), "seconds": {k: round(v, 3) for k, v in seconds.items()}}))


if __name__ == "__main__":
    main()
