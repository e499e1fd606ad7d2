#pragma once

#include "KeysetRowModel.h"
#include "notifications/NotificationTypes.h"

#include <memory>

namespace sk {

class NotificationOutbox;

// What NotificationTableModel asks NotificationOutbox::page for: the filter
// and where the next page starts (newest first, keyset on the id).
struct NotificationQuery {
    OutboxFilter filter;
    qint64 beforeId = 0;
    int limit = 100;
    void continueAfter(const OutboxMessage &message) { beforeId = message.id; }
};

// The outbox, newest first, a page at a time as the view scrolls
// (KeysetTableModel); filters by status, kind and recipient in SQL. Failed
// messages show their error in the Error column and in red.
class NotificationTableModel : public KeysetRowModel<OutboxMessage, NotificationQuery> {
    Q_OBJECT

public:
    enum Column { CreatedColumn, KindColumn, RecipientColumn, SubjectColumn, StatusColumn, AttemptsColumn,
                  ErrorColumn, ColumnCount };
    enum ItemRole { MessageIdRole = Qt::UserRole + 1, StatusNameRole };

    static constexpr int DefaultPageSize = 100;
    static constexpr int MaxPageSize = 500;

    explicit NotificationTableModel(std::shared_ptr<NotificationOutbox> outbox, QObject *parent = nullptr);
    ~NotificationTableModel() override;

    void setFilter(const OutboxFilter &filter);
    const OutboxMessage &messageAt(int row) const { return rowAt(row); }
    int rowOfMessage(qint64 id) const { return rowWithId(id); }
    void replaceMessage(const OutboxMessage &message);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    PageFuture fetchPage(const NotificationQuery &query) override;
    void rewind(NotificationQuery &query) const override { query.beforeId = 0; }
    qint64 rowId(const OutboxMessage &row) const override { return row.id; }

    std::shared_ptr<NotificationOutbox> m_outbox;
};

} // namespace sk
