import Foundation
import TestSupport
import XCTest

/// Help layout, usage errors and exit codes (docs/design.md, "Command line").
final class CommandLineTests: XCTestCase {
    func test_help_listsTheCommandsInTheUsualLayout() throws {
        let result = try runSaatava(["--help"])
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(
            result.standardOutput,
            """
            OVERVIEW: saatava keeps a company's receivables in order: it reads the bank's payment files and the \
            invoices sent, matches payments to invoices by reference number, and reports what it could not place.

            USAGE: saatava <command> [<arguments>]

            COMMANDS:
              run                     Run the day: read the inbox, book new invoices and payments once, match them, remind, and write the report.
              demo                    Play a month of daily runs over the bundled samples and generated days, and show where to look.
              status                  Show the last runs, what waits for a person, and the reminders and transfers the next run will issue. Exits 0 when nothing waits, 65 when something does.
              insight                 Show the receivables' ageing, how customers pay, who slowed down, the cash-in forecast for 8 weeks with its back-test, and DSO.
              parse                   Read bank files (camt.054, camt.053, KTL) and e-invoices (Finvoice) and print their records as JSON Lines.
              ledger                  Show the ledger's invoices, payments, reminders, holds, transfers, deliveries or journal as JSON Lines or CSV.
              resolve                 Decide on a payment saatava could not place: assign it to an invoice, refund it or ignore it.
              hold                    Stop dunning an invoice or a customer's invoices for a while: a hold, a dispute or a payment plan.
              deliver                 Upload now, over SFTP, every outbox file not yet delivered to its destination; or stop one file from ever being uploaded.
              policy                  Show the credit policy in force: each class's reminder steps, who follows which, and what the law allows.
              ref                     Check, convert and make payment reference numbers (Finnish viitenumero and RF).
              gen                     Generate realistic synthetic days of Finvoice batches and camt payments, with their truth.
              bench                   Measure each stage's speed and memory on a generated day, against a baseline run in the same command; or a history of days run one after the other into one ledger.

            OPTIONS:
              --version               Show the version.
              -h, --help              Show help information.

            """)
        XCTAssertEqual(try runSaatava(["help"]).standardOutput, result.standardOutput)
    }

    func test_version_printsOneLineAndExits0() throws {
        for arguments in [["--version"], ["version"]] {
            let result = try runSaatava(arguments)
            XCTAssertEqual(result.status, 0, "\(arguments)")
            XCTAssertNotNil(
                result.standardOutput.wholeMatch(of: /saatava [0-9]+\.[0-9]+\.[0-9]+\n/), result.standardOutput)
            XCTAssertEqual(result.standardError, "", "\(arguments)")
        }
        let onACommand = try runSaatava(["run", "--version"])
        XCTAssertEqual(onACommand.status, 64)
        XCTAssertEqual(lines(onACommand.standardError).first, "Error: Unknown option '--version'.")
    }

    func test_refHelp_hasUsageArgumentsAndOptions() throws {
        let expected = """
            OVERVIEW: Check, convert and make payment reference numbers (Finnish viitenumero and RF).

            USAGE: saatava ref check <reference> ... [--print-form]
                   saatava ref rf <reference> [--print-form]
                   saatava ref fi <rf-reference> [--print-form]
                   saatava ref make <base> [--print-form]

            ARGUMENTS:
              check <reference> ...   Validate references and print each in canonical form.
              rf <reference>          Print the RF form of a Finnish reference.
              fi <rf-reference>       Print the Finnish form of an RF reference whose body is one.
              make <base>             Print the Finnish reference for a base number by appending its check digit.

            OPTIONS:
              --print-form            Print references grouped as on an invoice (12 34561, RF34 1234 561).
              -h, --help              Show help information.

            """
        XCTAssertEqual(try runSaatava(["ref", "--help"]).standardOutput, expected)
        XCTAssertEqual(try runSaatava(["help", "ref"]).standardOutput, expected)
        XCTAssertEqual(try runSaatava(["ref", "check", "-h"]).standardOutput, expected)
    }

    func test_unknownCommand_exits64WithAReasonAndTheUsage() throws {
        let result = try runSaatava(["frobnicate"])
        XCTAssertEqual(result.status, 64)
        XCTAssertEqual(result.standardOutput, "")
        XCTAssertEqual(
            result.standardError,
            """
            Error: Unknown command 'frobnicate'.
            Usage: saatava <command> [<arguments>]
              See 'saatava --help' for more information.

            """)
    }

    func test_badArguments_exit64() throws {
        let cases: [([String], String)] = [
            ([], "Error: Missing a command."),
            (["ref"], "Error: Missing an action: check, rf, fi or make."),
            (["ref", "check"], "Error: Missing a reference to check."),
            (["ref", "rf", "1232", "1232"], "Error: 'ref rf' takes exactly one value, got 2."),
            (["ref", "make"], "Error: 'ref make' takes exactly one value, got 0."),
            (["ref", "convert", "1232"], "Error: Unknown action 'convert': expected check, rf, fi or make."),
            (["ref", "check", "--grouped", "1232"], "Error: Unknown option '--grouped'."),
        ]
        for (arguments, reason) in cases {
            let result = try runSaatava(arguments)
            XCTAssertEqual(result.status, 64, "\(arguments)")
            XCTAssertEqual(lines(result.standardError).first, reason, "\(arguments)")
            XCTAssertTrue(result.standardError.contains("Usage: saatava"), "\(arguments)")
        }
    }
}
