#include "db/ChangeLog.h"

namespace sk {

Status ChangeLog::recordInTransaction(Connection &, const QString &, const QList<qint64> &)
{
    return Status::success();
}

} // namespace sk
