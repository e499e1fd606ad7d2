#pragma once

#include "auth/Session.h"
#include "inventory/InventoryLedger.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <memory>
#include <optional>

namespace sk {

// The ledger of one variant, newest first, a page at a time: fetchMore()
// asks InventoryLedger::movements for the page before the last loaded
// movement id (keyset paging, never OFFSET). Choosing another variant bumps a
// generation counter, so a page of the previous variant arriving late is
// dropped.
class StockMovementModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { TimeColumn, LocationColumn, ReasonColumn, QuantityColumn, OnHandAfterColumn, ReferenceColumn,
                  UserColumn, NoteColumn, ColumnCount };

    static constexpr int DefaultPageSize = 100;

    explicit StockMovementModel(std::shared_ptr<InventoryLedger> ledger, QObject *parent = nullptr);

    void setSession(const Session &session);
    // Location names for the Location column (ids are what movements carry).
    void setLocations(const QList<Location> &locations);
    // Starts over for this variant (0: nothing), at one location or all.
    void setVariant(qint64 variantId, std::optional<qint64> locationId = std::nullopt);
    qint64 variantId() const { return m_variantId; }
    std::optional<qint64> locationId() const { return m_locationId; }
    // Re-reads the newest page (a movement was just written).
    void reload();
    void setPageSize(int rows);

    bool isLoading() const { return m_inFlight; }
    bool hasLoadedFirstPage() const { return m_firstPageLoaded; }
    const StockMovement &movementAt(int row) const { return m_rows.at(row); }
    int droppedStaleResults() const { return m_droppedStaleResults; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

signals:
    void pageLoaded();
    void loadFailed(const QString &message, const QString &details);

private:
    void requestPage();
    void acceptPage(quint64 generation, const Result<QList<StockMovement>> &result);
    QString referenceText(const StockReference &reference) const;

    std::shared_ptr<InventoryLedger> m_ledger;
    Session m_session;
    QHash<qint64, QString> m_locationNames;
    qint64 m_variantId = 0;
    std::optional<qint64> m_locationId;
    int m_pageSize = DefaultPageSize;
    QList<StockMovement> m_rows;
    quint64 m_generation = 0;
    bool m_inFlight = false;
    bool m_atEnd = true;
    bool m_firstPageLoaded = false;
    int m_droppedStaleResults = 0;
};

} // namespace sk
