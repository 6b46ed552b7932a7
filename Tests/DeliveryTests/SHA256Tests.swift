import Delivery
import Foundation
import Receivables
import TestSupport
import XCTest

/// SHA-256 against the NIST FIPS 180-4 example vectors, and a file streamed through it in pieces.
final class SHA256Tests: XCTestCase {
    func test_nistVectors() {
        XCTAssertEqual(SHA256.hex(of: Array("abc".utf8)),
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(of: []), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex(of: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func test_piecesOfAnySize_giveTheSameDigest() {
        let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let whole = SHA256.hex(of: message)
        for piece in [1, 7, 63, 64, 65, 200] {
            var hash = SHA256()
            var index = 0
            while index < message.count {
                hash.update(Array(message[index..<min(index + piece, message.count)]))
                index += piece
            }
            let digest = hash.finalize()
            XCTAssertEqual(digest.count, 32)
            XCTAssertEqual(digest.map { String(format: "%02x", $0) }.joined(), whole, "pieces of \(piece)")
        }
    }

    func test_file_isStreamedWithItsSize() throws {
        let path = try temporaryDirectory("sha").appendingPathComponent("million-a").path
        try String(repeating: "a", count: 1_000_000).write(toFile: path, atomically: true, encoding: .utf8)
        let (size, digest) = try SHA256.file(path)
        XCTAssertEqual(size, 1_000_000)
        XCTAssertEqual(digest, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
