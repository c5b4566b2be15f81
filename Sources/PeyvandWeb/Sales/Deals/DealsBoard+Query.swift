import Foundation
import PeyvandCore
import PeyvandStore

/// What the board page reads: the pipelines (to switch between), the chosen one's board with the
/// filters applied, and the staff (the owner filter).
struct DealsBoardData: Sendable {
    let pipelines: [Pipeline]
    let board: DealBoard?
    let staff: [User]
}

struct DealsBoardQuery: Sendable {
    let pipelines: Pipelines
    let deals: Deals
    let users: UserRepository

    func read(pipelineId: Int64?, _ filter: DealFilter, by principal: Principal) async throws -> DealsBoardData {
        async let staff = users.list(limit: 500).items
        let all = try await pipelines.list(by: principal)
        let chosen = pipelineId.flatMap { id in all.first { $0.id == id } } ?? all.first
        let board = try await chosen.asyncMap { try await deals.board($0.id, filter, perColumn: 20, by: principal) }
        return DealsBoardData(pipelines: all, board: board, staff: try await staff)
    }
}
