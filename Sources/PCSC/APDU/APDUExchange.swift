/// The one place where `61xx` (GET RESPONSE) and `6Cxx` (resend with the right Le) are handled.
///
/// It is generic over the transport so that unit tests can drive it with scripted answers and
/// ``CardConnection`` with the real card.
enum APDUExchange {
    /// Enough for the largest extended answer (64 KiB) in 256-byte pieces, with room to spare.
    static let maximumRounds = 300

    static func run(
        _ command: CommandAPDU,
        transmit: ([UInt8]) throws -> [UInt8]
    ) throws -> ResponseAPDU {
        var response = try ResponseAPDU(bytes: transmit(command.bytes))
        if response.status.sw1 == 0x6C {
            let length = response.status.sw2 == 0 ? 256 : Int(response.status.sw2)
            response = try ResponseAPDU(bytes: transmit(command.withExpectedLength(length).bytes))
            if response.status.sw1 == 0x6C { throw APDUError.repeatedWrongLength(response.status) }
        }
        var data = response.data
        var rounds = 0
        while response.status.sw1 == 0x61 {
            rounds += 1
            guard rounds <= maximumRounds, data.count <= 65_536 + 256 else {
                throw APDUError.responseChainTooLong(rounds: rounds, bytes: data.count)
            }
            let length = response.status.sw2 == 0 ? 256 : Int(response.status.sw2)
            // GET RESPONSE goes on the basic channel of the command's class.
            let getResponse = CommandAPDU.getResponse(cla: command.cla == 0xFF ? 0 : command.cla & 0x03, length: length)
            response = try ResponseAPDU(bytes: transmit(getResponse.bytes))
            data += response.data
        }
        return ResponseAPDU(data: data, status: response.status)
    }
}
