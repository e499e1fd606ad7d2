#include "NotificationTableModel.h"

#include "notifications/NotificationOutbox.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace sk {

NotificationTableModel::NotificationTableModel(std::shared_ptr<NotificationOutbox> outbox, QObject *parent)
    : KeysetRowModel(ColumnCount, DefaultPageSize, MaxPageSize, parent), m_outbox(std::move(outbox))
{
    m_query.limit = DefaultPageSize;
}

NotificationTableModel::~NotificationTableModel() = default;

void NotificationTableModel::setFilter(const OutboxFilter &filter)
{
    m_query.filter = filter;
    restart();
}

void NotificationTableModel::replaceMessage(const OutboxMessage &message)
{
    const int row = rowOfMessage(message.id);
    if (row >= 0)
        replaceRow(row, message);
}

NotificationTableModel::PageFuture NotificationTableModel::fetchPage(const NotificationQuery &query)
{
    return m_outbox->page(session(), query.filter, query.beforeId, query.limit)
        .then([](const Result<OutboxPage> &page) -> Result<QList<OutboxMessage>> {
            if (!page)
                return page.error();
            return page->messages;
        });
}

QVariant NotificationTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const OutboxMessage &message = rowAt(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case CreatedColumn: return QLocale().toString(message.createdAt.toLocalTime(), QLocale::ShortFormat);
        case KindColumn: return message.kind ? notificationKindTitle(*message.kind) : message.kindName;
        case RecipientColumn: return message.recipientEmail;
        case SubjectColumn: return message.subject;
        case StatusColumn:
            if (message.status == NotificationStatus::Sent && message.sentAt.isValid())
                return tr("Sent %1").arg(QLocale().toString(message.sentAt.toLocalTime(), QLocale::ShortFormat));
            if (message.status == NotificationStatus::Pending && message.attempts > 0 && message.nextAttemptAt.isValid())
                return tr("Retry at %1").arg(QLocale().toString(message.nextAttemptAt.toLocalTime().time(), QLocale::ShortFormat));
            return notificationStatusTitle(message.status);
        case AttemptsColumn: return message.attempts;
        case ErrorColumn: return message.status == NotificationStatus::Sent ? QString() : message.lastError;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ErrorColumn && !message.lastError.isEmpty() && message.status != NotificationStatus::Sent)
            return message.lastError;
        return {};
    case Qt::ForegroundRole:
        if (message.status == NotificationStatus::Failed && (index.column() == StatusColumn || index.column() == ErrorColumn))
            return QBrush(QColor(0xb0, 0x1c, 0x1c));
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == AttemptsColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case MessageIdRole: return message.id;
    case StatusNameRole: return notificationStatusName(message.status);
    }
    return {};
}

QVariant NotificationTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case CreatedColumn: return tr("Queued");
    case KindColumn: return tr("Kind");
    case RecipientColumn: return tr("Recipient");
    case SubjectColumn: return tr("Subject");
    case StatusColumn: return tr("Status");
    case AttemptsColumn: return tr("Attempts");
    case ErrorColumn: return tr("Error");
    }
    return {};
}

} // namespace sk
