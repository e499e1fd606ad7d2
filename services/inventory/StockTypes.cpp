#include "inventory/StockTypes.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace sk {

QString movementReasonName(MovementReason reason)
{
    switch (reason) {
    case MovementReason::Receive: return u"receive"_s;
    case MovementReason::Sale: return u"sale"_s;
    case MovementReason::Return: return u"return"_s;
    case MovementReason::Damaged: return u"damaged"_s;
    case MovementReason::Lost: return u"lost"_s;
    case MovementReason::Found: return u"found"_s;
    case MovementReason::CountCorrection: return u"count_correction"_s;
    case MovementReason::TransferOut: return u"transfer_out"_s;
    case MovementReason::TransferIn: return u"transfer_in"_s;
    }
    return {};
}

std::optional<MovementReason> movementReasonFromName(const QString &name)
{
    for (int r = 0; r <= int(MovementReason::TransferIn); ++r)
        if (movementReasonName(MovementReason(r)) == name)
            return MovementReason(r);
    return std::nullopt;
}

QString movementReasonText(MovementReason reason)
{
    switch (reason) {
    case MovementReason::Receive: return QCoreApplication::translate("StockTypes", "Received");
    case MovementReason::Sale: return QCoreApplication::translate("StockTypes", "Sale");
    case MovementReason::Return: return QCoreApplication::translate("StockTypes", "Return");
    case MovementReason::Damaged: return QCoreApplication::translate("StockTypes", "Damaged");
    case MovementReason::Lost: return QCoreApplication::translate("StockTypes", "Lost");
    case MovementReason::Found: return QCoreApplication::translate("StockTypes", "Found");
    case MovementReason::CountCorrection: return QCoreApplication::translate("StockTypes", "Count correction");
    case MovementReason::TransferOut: return QCoreApplication::translate("StockTypes", "Transfer out");
    case MovementReason::TransferIn: return QCoreApplication::translate("StockTypes", "Transfer in");
    }
    return {};
}

bool isManualAdjustmentReason(MovementReason reason)
{
    switch (reason) {
    case MovementReason::Damaged:
    case MovementReason::Lost:
    case MovementReason::Found:
    case MovementReason::Return:
    case MovementReason::CountCorrection:
        return true;
    default:
        return false;
    }
}

} // namespace sk
