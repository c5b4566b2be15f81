import Foundation
import PeyvandCore
import PeyvandStore

/// What the orders list (`orders-list.mustache`) renders: one page of orders, written for the reader.
struct OrdersListModel {
    struct Row { let id: Int64, number: String, customerId: Int64, customer: String, status: String, statusLabel: String, total: String, when: String }
    struct Status { let value: String, label: String, selected: Bool }

    let orders: [Row]
    let next: String?
    let statuses: [Status]
}

extension OrdersListModel {
    init(_ page: Page<OrderRepository.Summary>, status: OrderStatus?, text x: PageText) {
        orders = page.items.map {
            Row(id: $0.id, number: x.id($0.id), customerId: $0.customerId, customer: $0.customerName, status: $0.status.rawValue,
                statusLabel: x.label("ostatus", $0.status.rawValue), total: x.money($0.total), when: x.when($0.orderedAt))
        }
        next = page.next.map { "/orders?after=\($0)" + (status.map { "&status=\($0.rawValue)" } ?? "") }
        statuses = OrderStatus.allCases.map { Status(value: $0.rawValue, label: x.label("ostatus", $0.rawValue), selected: $0 == status) }
    }
}
