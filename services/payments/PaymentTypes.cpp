#include "payments/PaymentTypes.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace sk {

QString tenderName(Tender tender)
{
    switch (tender) {
    case Tender::Cash: return u"cash"_s;
    case Tender::Card: return u"card"_s;
    case Tender::GiftCard: return u"gift_card"_s;
    case Tender::Other: return u"other"_s;
    }
    return u"other"_s;
}

std::optional<Tender> tenderFromName(const QString &name)
{
    for (Tender tender : {Tender::Cash, Tender::Card, Tender::GiftCard, Tender::Other})
        if (tenderName(tender) == name)
            return tender;
    return std::nullopt;
}

QString tenderTitle(Tender tender)
{
    switch (tender) {
    case Tender::Cash: return QCoreApplication::translate("Tender", "Cash");
    case Tender::Card: return QCoreApplication::translate("Tender", "Card");
    case Tender::GiftCard: return QCoreApplication::translate("Tender", "Gift card");
    case Tender::Other: return QCoreApplication::translate("Tender", "Other");
    }
    return QCoreApplication::translate("Tender", "Other");
}

QString paymentStatusName(PaymentStatus status)
{
    switch (status) {
    case PaymentStatus::Pending: return u"pending"_s;
    case PaymentStatus::Completed: return u"completed"_s;
    case PaymentStatus::Failed: return u"failed"_s;
    case PaymentStatus::Refunded: return u"refunded"_s;
    case PaymentStatus::Voided: return u"voided"_s;
    }
    return u"pending"_s;
}

std::optional<PaymentStatus> paymentStatusFromName(const QString &name)
{
    for (PaymentStatus status : {PaymentStatus::Pending, PaymentStatus::Completed, PaymentStatus::Failed,
                                 PaymentStatus::Refunded, PaymentStatus::Voided})
        if (paymentStatusName(status) == name)
            return status;
    return std::nullopt;
}

} // namespace sk
