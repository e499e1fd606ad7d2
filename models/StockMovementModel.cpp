#include "StockMovementModel.h"

#include <QFutureWatcher>
#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int MaxPageSize = 1000;

} // namespace

StockMovementModel::StockMovementModel(std::shared_ptr<InventoryLedger> ledger, QObject *parent)
    : QAbstractTableModel(parent), m_ledger(std::move(ledger))
{
}

void StockMovementModel::setSession(const Session &session)
{
    m_session = session;
    reload();
}

void StockMovementModel::setLocations(const QList<Location> &locations)
{
    m_locationNames.clear();
    for (const Location &location : locations)
        m_locationNames.insert(location.id, location.name);
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, LocationColumn), index(int(m_rows.size()) - 1, LocationColumn));
}

void StockMovementModel::setVariant(qint64 variantId, std::optional<qint64> locationId)
{
    if (variantId == m_variantId && locationId == m_locationId && (m_firstPageLoaded || m_inFlight))
        return;
    m_variantId = variantId;
    m_locationId = locationId;
    reload();
}

void StockMovementModel::setPageSize(int rows)
{
    m_pageSize = std::clamp(rows, 1, MaxPageSize);
}

void StockMovementModel::reload()
{
    beginResetModel();
    ++m_generation;
    m_rows.clear();
    m_inFlight = false;
    m_firstPageLoaded = false;
    m_atEnd = m_variantId == 0 || !m_session.isValid();
    endResetModel();
    if (!m_atEnd)
        requestPage();
}

void StockMovementModel::requestPage()
{
    m_inFlight = true;
    const std::optional<qint64> before =
        m_rows.isEmpty() ? std::nullopt : std::optional<qint64>(m_rows.constLast().id);
    auto *watcher = new QFutureWatcher<Result<QList<StockMovement>>>(this);
    connect(watcher, &QFutureWatcher<Result<QList<StockMovement>>>::finished, this,
            [this, watcher, generation = m_generation] {
                watcher->deleteLater();
                acceptPage(generation, watcher->result());
            });
    watcher->setFuture(m_ledger->movements(m_session, m_variantId, m_locationId, before, m_pageSize));
}

void StockMovementModel::acceptPage(quint64 generation, const Result<QList<StockMovement>> &result)
{
    if (generation != m_generation) {
        ++m_droppedStaleResults;
        return;
    }
    m_inFlight = false;
    m_firstPageLoaded = true;
    if (!result) {
        m_atEnd = true;
        emit loadFailed(result.error().message, result.error().details);
        emit pageLoaded();
        return;
    }
    const QList<StockMovement> &page = result.value();
    // Before the rows are announced: a view calls fetchMore() from its
    // rowsInserted handler.
    m_atEnd = page.size() < m_pageSize;
    if (!page.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + page.size()) - 1);
        m_rows.append(page);
        endInsertRows();
    }
    emit pageLoaded();
}

bool StockMovementModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd && !m_inFlight && m_firstPageLoaded;
}

void StockMovementModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        requestPage();
}

int StockMovementModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int StockMovementModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString StockMovementModel::referenceText(const StockReference &reference) const
{
    if (reference.type.isEmpty() || reference.id == 0)
        return {};
    const QString number = QLocale().toString(reference.id);
    if (reference.type == u"order")
        return tr("Order %1").arg(number);
    if (reference.type == u"receipt")
        return tr("Receipt %1").arg(number);
    if (reference.type == u"stocktake")
        return tr("Stocktake %1").arg(number);
    if (reference.type == u"transfer")
        return tr("Transfer %1").arg(number);
    if (reference.type == u"cart")
        return tr("Cart %1").arg(number);
    return tr("%1 %2").arg(reference.type, number);
}

QVariant StockMovementModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const StockMovement &movement = m_rows.at(index.row());
    const QLocale locale;
    if (role == Qt::TextAlignmentRole) {
        if (index.column() == QuantityColumn || index.column() == OnHandAfterColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    }
    if (role == Qt::ToolTipRole && index.column() == NoteColumn)
        return movement.note;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TimeColumn: return locale.toString(movement.createdAt.toLocalTime(), QLocale::ShortFormat);
    case LocationColumn: return m_locationNames.value(movement.locationId);
    case ReasonColumn: return movementReasonText(movement.reason);
    case QuantityColumn:
        // The sign always shows: +5 received, −2 sold.
        return movement.quantity > 0 ? locale.positiveSign() + locale.toString(movement.quantity)
                                     : locale.toString(movement.quantity);
    case OnHandAfterColumn: return locale.toString(movement.onHandAfter);
    case ReferenceColumn: return referenceText(movement.reference);
    case UserColumn: return movement.userName;
    case NoteColumn: return movement.note;
    default: return {};
    }
}

QVariant StockMovementModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return tr("When");
    case LocationColumn: return tr("Location");
    case ReasonColumn: return tr("Reason");
    case QuantityColumn: return tr("Change");
    case OnHandAfterColumn: return tr("On hand after");
    case ReferenceColumn: return tr("Reference");
    case UserColumn: return tr("By");
    case NoteColumn: return tr("Note");
    default: return {};
    }
}

} // namespace sk
