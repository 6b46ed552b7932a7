import Foundation
import Receivables
import Reports
import TestSupport
import XCTest

@testable import Pipeline

/// The config is read strictly: unknown keys and values of the wrong type are refused with the key's path and the
/// type it should have.
final class RunConfigTests: XCTestCase {
    private func config(_ text: String) throws -> (path: String, result: Result<RunConfig, RunConfig.ConfigError>) {
        let path = try temporaryDirectory("config").appendingPathComponent("saatava.json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (path, Result { () throws(RunConfig.ConfigError) in try RunConfig(path: path) })
    }

    private func refusal(_ text: String) throws -> String {
        let (path, result) = try config(text)
        guard case .failure(let error) = result else { XCTFail("accepted: \(text)"); return "" }
        return error.description.replacingOccurrences(of: path, with: "FILE")
    }

    func test_commentsAndRelativeWorkdir_areRead() throws {
        let (path, result) = try config("// the demo\n{\n  // where\n  \"workdir\": \"work\", \"autoApply\": [\"reference_typo\"] }\n")
        let read = try result.get()
        XCTAssertEqual(read.workdir, URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("work").path)
        XCTAssertEqual(read.autoApply.map(\.rawValue), ["reference_typo"])
    }

    /// `csv` is the dialect of the CSVs for people: RFC 4180 unless the config says excel-fi.
    func test_csvDialect_isRFC4180UnlessTold() throws {
        XCTAssertEqual(try config("{ \"workdir\": \".\" }").result.get().csv, .rfc4180)
        XCTAssertEqual(try config("{ \"workdir\": \".\", \"csv\": \"excel-fi\" }").result.get().csv, .excelFi)
        XCTAssertEqual(try refusal("{ \"workdir\": \".\", \"csv\": \"excel\" }"), "FILE: 'csv' is rfc4180 or excel-fi, not 'excel'")
    }

    /// The creditor's business ID tells its own invoices from other sellers': kept canonical, refused when invalid.
    func test_creditorsBusinessId_isCanonical_orRefused() throws {
        func creditor(_ businessId: String) -> String {
            "{ \"workdir\": \".\", \"creditor\": { \"name\": \"Myyjä Oy\", \"businessId\": \"\(businessId)\", "
                + "\"iban\": \"FI2112345600000785\" } }"
        }
        XCTAssertEqual(try config(creditor("FI12345671")).result.get().creditor?.businessId, "1234567-1")
        XCTAssertEqual(try refusal(creditor("1234567-2")), "FILE: 'creditor.businessId': '1234567-2' is not a valid "
                           + "business ID: the check digit should be 1, not 2")
    }

    func test_wrongTypes_areNamedWithTheTypeExpected() throws {
        XCTAssertEqual(try refusal("{ \"workdir\": true }"), "FILE: 'workdir' must be a string, not true or false")
        XCTAssertEqual(try refusal("{ \"workdir\": 5 }"), "FILE: 'workdir' must be a string, not a number")
        XCTAssertEqual(try refusal("{ \"workdir\": \".\", \"autoApply\": \"reference_typo\" }"),
                       "FILE: 'autoApply' must be a list of strings, not a string")
        XCTAssertEqual(try refusal("{ \"workdir\": \".\", \"autoApply\": [1] }"),
                       "FILE: 'autoApply' must be a list of strings, not a list")
        XCTAssertEqual(try refusal("[]"), "FILE: the config must be a JSON object")
        XCTAssertEqual(try refusal("{ \"autoApply\": [] }"), "FILE: 'workdir' is required (a folder path)")
        XCTAssertEqual(try refusal("{ \"workdir\": \".\", \"autoApply\": [\"guess\"] }"),
                       "FILE: 'guess' is not a suggestion rule (known: invoice_number_in_text, reference_typo, amount_and_name)")
    }

    /// Sections are objects with keys of their own: an unknown key inside one is named by its path.
    func test_nestedSections_nameTheirKeysByPath() throws {
        let section = try ConfigObject(["creditor": ["name": "Myyjä Oy", "iban": 7]], file: "FILE", path: nil, keys: ["creditor"])
        let creditor = try XCTUnwrap(try section.object("creditor", keys: ["name", "iban"]))
        XCTAssertEqual(try creditor.string("name"), "Myyjä Oy")
        XCTAssertThrowsError(try creditor.string("iban")) {
            XCTAssertEqual("\($0)", "FILE: 'creditor.iban' must be a string, not a number")
        }
        XCTAssertThrowsError(try section.object("creditor", keys: ["name"])) {
            XCTAssertEqual("\($0)", "FILE: unknown key 'creditor.iban' (known: name)")
        }
        XCTAssertNil(try section.object("dunning", keys: []))
    }

    /// `retention` is off unless the config has it; below the law's 6 years it is refused, naming the key.
    func test_retention_isOffByDefault_andNeverBelowTheLaw() throws {
        XCTAssertNil(try config("{ \"workdir\": \".\" }").result.get().retention)
        let read = try config("{ \"workdir\": \".\", \"retention\": { \"archiveYears\": 7, \"financialYearEnd\": \"30.6.\" } }")
            .result.get().retention
        XCTAssertEqual(read, try Retention(archiveYears: 7, financialYearEnd: "30.6."))
        XCTAssertEqual(try config("{ \"workdir\": \".\", \"retention\": { \"archiveYears\": 6 } }").result.get().retention?.yearEndMonth, 12)
        XCTAssertEqual(
            try refusal("{ \"workdir\": \".\", \"retention\": { \"archiveYears\": 5 } }"),
            "FILE: 'retention.archiveYears' must be 6 or more, not 5: Kirjanpitolaki (1336/1997) 2 luku 10 § keeps "
                + "vouchers 6 years from the end of the year in which the financial year ended")
        XCTAssertEqual(
            try refusal("{ \"workdir\": \".\", \"retention\": { \"financialYearEnd\": \"31.12.\" } }"),
            "FILE: 'retention.archiveYears' is required (a whole number of years, 6 or more)")
        XCTAssertEqual(
            try refusal("{ \"workdir\": \".\", \"retention\": { \"archiveYears\": 6, \"financialYearEnd\": \"31.6.\" } }"),
            "FILE: 'retention.financialYearEnd' is the financial year's last day as d.M. (\"31.12.\", \"30.6.\"), not '31.6.'")
        XCTAssertEqual(
            try refusal("{ \"workdir\": \".\", \"retention\": { \"archiveYears\": 6, \"years\": 6 } }"),
            "FILE: unknown key 'retention.years' (known: archiveYears, financialYearEnd)")
    }

    func test_insightTrendMargin_defaultsTo7_isAWholeNumberOf0OrMore() throws {
        XCTAssertEqual(try config("{ \"workdir\": \".\" }").result.get().trendMarginDays, 7)
        XCTAssertEqual(try config("{ \"workdir\": \".\", \"insight\": { \"trendMarginDays\": 0 } }").result.get().trendMarginDays, 0)
        XCTAssertEqual(try refusal("{ \"workdir\": \".\", \"insight\": { \"trendMarginDays\": -1 } }"),
                       "FILE: 'insight.trendMarginDays' must be 0 or more, not -1")
        XCTAssertEqual(try refusal("{ \"workdir\": \".\", \"insight\": { \"trendMarginDays\": 2.5 } }"),
                       "FILE: 'insight.trendMarginDays' must be a whole number, not a number")
        XCTAssertEqual(try refusal("{ \"workdir\": \".\", \"insight\": { \"margin\": 3 } }"),
                       "FILE: unknown key 'insight.margin' (known: trendMarginDays)")
    }

    /// The journal's accounts: digits each, the bank one account or a map by IBAN with a default; defaults otherwise.
    func test_journalAccounts_areReadAndChecked() throws {
        XCTAssertEqual(try config("{ \"workdir\": \".\" }").result.get().journal, JournalAccounts())
        let read = try config("""
            { "workdir": ".", "journal": { "receivables": "1701", "advances": "2871",
              "bank": { "FI21 1234 5600 0007 85": "1911", "default": "1919" } } }
            """).result.get().journal
        XCTAssertEqual([read.receivables, read.advances, read.bank, read.feeIncome], ["1701", "2871", "1919", "3950"])
        XCTAssertEqual(read.bankByIBAN, ["FI2112345600000785": "1911"])
        XCTAssertEqual(read.bank(for: "FI2112345600000785"), "1911")
        XCTAssertEqual(read.bank(for: "12345600000785"), "1911", "a Finnish account number in machine form is the same account")
        XCTAssertEqual(read.bank(for: "FI5810171000000122"), "1919")
        XCTAssertEqual(try refusal("{ \"workdir\": \".\", \"journal\": { \"bank\": \"19 10\" } }"),
                       "FILE: 'journal.bank' is an account number (digits), not '19 10'")
        XCTAssertEqual(try refusal("{ \"workdir\": \".\", \"journal\": { \"bank\": { \"FI21\": \"1911\" } } }"),
                       "FILE: 'journal.bank': 'FI21' is not a valid IBAN: it must start with a country code and two check digits; "
                           + "the keys are IBANs and 'default'")
        XCTAssertEqual(try refusal("{ \"workdir\": \".\", \"journal\": { \"sales\": \"3000\" } }"),
                       "FILE: unknown key 'journal.sales' (known: advances, bank, compensationIncome, feeIncome, interestIncome, "
                           + "receivables, refundsPayable)")
    }
}
