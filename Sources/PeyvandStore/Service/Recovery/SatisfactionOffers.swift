/// The messages the happier classes are sent (`satisfaction.referralOffer`, `satisfaction.clubOffer`,
/// `satisfaction.advocateInvitation`), as message templates administrators edit on the templates
/// page: seeded in fa and en for email and SMS by migration 41, and written from these defaults
/// when a template was deleted.
enum SatisfactionOffers {
    struct Text { let subject: String?, body: String }

    /// The template name of a handling that sends a message; nil for the others.
    static func templateName(_ handling: String) -> String? {
        ["referralOffer", "clubOffer", "advocateInvitation"].contains(handling) ? "satisfaction.\(handling)" : nil
    }

    static func text(_ handling: String, channel: String, language: String) -> Text? {
        let fa = language == "fa"
        let sms = channel == "sms"
        switch handling {
        case "referralOffer":
            return fa
                ? Text(subject: sms ? nil : "دوستانتان را به ما معرفی کنید",
                       body: sms ? "{{customer.salutation}}، از همراهی‌تان سپاسگزاریم. اگر دوستی را به ما معرفی کنید، برای هر دوی شما هدیه‌ای داریم."
                           : "{{customer.salutation}}،\n\nاز همراهی و رضایت شما بسیار خوشحالیم. اگر دوست یا همکاری را به ما معرفی کنید، برای هر دوی شما هدیه‌ای در نظر گرفته‌ایم. کافی است در پاسخ همین پیام نام و شماره او را بنویسید.\n\nبا سپاس")
                : Text(subject: sms ? nil : "Introduce a friend to us",
                       body: sms ? "{{customer.salutation}}, thank you for staying with us. Refer a friend and there is a gift for you both."
                           : "{{customer.salutation}},\n\nWe are glad you are happy with us. If you introduce a friend or colleague, there is a gift for both of you: just reply with their name and number.\n\nThank you")
        case "clubOffer":
            return fa
                ? Text(subject: sms ? nil : "دعوت به باشگاه مشتریان",
                       body: sms ? "{{customer.salutation}}، شما را به باشگاه مشتریان‌مان دعوت می‌کنیم: امتیاز برای هر خرید و پیشنهادهای ویژه اعضا."
                           : "{{customer.salutation}}،\n\nشما را به باشگاه مشتریان‌مان دعوت می‌کنیم: با هر خرید امتیاز می‌گیرید و پیشنهادهای ویژه اعضا پیش از همه به شما می‌رسد. برای عضویت به همین پیام پاسخ دهید.\n\nبا سپاس")
                : Text(subject: sms ? nil : "An invitation to our customer club",
                       body: sms ? "{{customer.salutation}}, join our customer club: points on every purchase and members-only offers."
                           : "{{customer.salutation}},\n\nWe would like to invite you to our customer club: points on every purchase, and members' offers before anyone else. Reply to this message to join.\n\nThank you")
        case "advocateInvitation":
            return fa
                ? Text(subject: sms ? nil : "دعوت به جمع حامیان ما",
                       body: sms ? "{{customer.salutation}}، شما از بهترین مشتریان ما هستید. دوست دارید از حامیان ما باشید و تجربه‌تان را با دیگران در میان بگذارید؟"
                           : "{{customer.salutation}}،\n\nشما از ارزشمندترین مشتریان ما هستید. از شما دعوت می‌کنیم از حامیان ما باشید: تجربه‌تان را در یک نظر یا معرفی با دیگران در میان بگذارید و گاهی به ما کمک کنید تا مشتریانی را که از ما دلخورند دوباره به دست آوریم. اگر مایلید، به همین پیام پاسخ دهید.\n\nبا سپاس")
                : Text(subject: sms ? nil : "Will you speak for us?",
                       body: sms ? "{{customer.salutation}}, you are one of our best customers. Would you be one of our advocates and share your experience?"
                           : "{{customer.salutation}},\n\nYou are one of our most valued customers. We would like to invite you to be one of our advocates: share your experience in a review or a referral, and now and then help us win back customers who are unhappy with us. If you would like to, reply to this message.\n\nThank you")
        default:
            return nil
        }
    }
}
