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
            let getResponse = CommandAPDU.getResponse(cla: getResponseClass(for: command.cla), length: length)
            response = try ResponseAPDU(bytes: transmit(getResponse.bytes))
            data += response.data
        }
        return ResponseAPDU(data: data, status: response.status)
    }

    /// GET RESPONSE goes on the logical channel of the command: in the first interindustry
    /// classes the channel is in bits 1-2, in the further ones (`40`-`7F`) in bits 1-4.
    /// PC/SC pseudo-APDUs (`FF`) are answered on the basic channel.
    static func getResponseClass(for cla: UInt8) -> UInt8 {
        switch cla {
        case 0xFF: 0x00
        case 0x40...0x7F: 0x40 | (cla & 0x0F)
        default: cla & 0x03
        }
    }
}
