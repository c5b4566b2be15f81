import Foundation
import PeyvandCore
import SQLKit

/// Does the handling of a customer's new class (``SatisfactionClass/handling``) inside the
/// transaction that changed it: angry → an urgent recovery case for a manager; dissatisfied → a
/// root-cause task and a reassurance follow-up; satisfied → the nurture list; happy → referral
/// and club offers; enthusiastic → an advocate invitation. Each action is recorded in
/// `satisfaction_actions`, unique per change and action, so it is never done twice.
enum SatisfactionResponse {
    static func classChanged(_ db: any SQLDatabase, change: SatisfactionChange) async throws {
        // Filled in by the service-recovery work.
    }
}
