#include "inventory/StockLinesTable.h"

#include "core/Money.h"
#include "inventory/InventoryLedger.h"
#include "inventory/StockLevelSearch.h"

#include <QApplication>
#include <QCoro/QCoroFuture>
#include <QHeaderView>
#include <QLocale>
#include <QPointer>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int VariantIdRole = Qt::UserRole + 1;

QTableWidgetItem *readOnlyItem(const QString &text, Qt::Alignment alignment = Qt::AlignLeft | Qt::AlignVCenter)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    item->setTextAlignment(alignment);
    return item;
}

} // namespace

StockLinesTable::StockLinesTable(const Services &services, const Session &session, bool withCost,
                                 const QString &currency, QWidget *parent)
    : QTableWidget(0, ColumnCount, parent), m_services(services), m_session(session), m_withCost(withCost),
      m_currency(currency)
{
    setObjectName(u"stockLines"_s);
    setHorizontalHeaderLabels({tr("Product"), tr("SKU"), tr("Available"), tr("Quantity"), tr("Unit cost"),
                               tr("Line total")});
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                    | QAbstractItemView::AnyKeyPressed);
    setAlternatingRowColors(true);
    setWordWrap(false);
    verticalHeader()->setVisible(false);
    QHeaderView *header = horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionResizeMode(ProductColumn, QHeaderView::Stretch);
    const QFontMetrics metrics = fontMetrics();
    const auto fit = [header, &metrics](int column, const QString &sample) {
        header->resizeSection(column, metrics.horizontalAdvance(sample) + 24);
    };
    fit(SkuColumn, u"ABCD-1234-XL"_s);
    fit(AvailableColumn, tr("Available"));
    fit(QuantityColumn, tr("Quantity"));
    fit(UnitCostColumn, Money(99'999'99, m_currency).toString(QLocale()));
    fit(LineTotalColumn, Money(999'999'99, m_currency).toString(QLocale()));
    setColumnHidden(UnitCostColumn, !m_withCost);
    setColumnHidden(LineTotalColumn, !m_withCost);

    connect(this, &QTableWidget::itemChanged, this, [this](QTableWidgetItem *item) {
        if (m_updating)
            return;
        if (item->column() == QuantityColumn || item->column() == UnitCostColumn) {
            updateLineTotal(item->row());
            emit linesChanged();
        }
    });
}

void StockLinesTable::setLocationId(qint64 locationId)
{
    m_locationId = locationId;
}

QCoro::Task<> StockLinesTable::addCode(QString code)
{
    code = code.trimmed();
    if (code.isEmpty())
        co_return;
    QPointer<StockLinesTable> guard(this);
    ++m_pendingLookups;
    const QFuture<Result<qint64>> pendingVariant = m_services.stockLevels->variantForCode(m_session, code);
    const Result<qint64> variant = co_await pendingVariant;
    if (!guard)
        co_return;
    if (!variant) {
        --m_pendingLookups;
        QApplication::beep();
        emit codeRejected(variant.error().code == ErrorCode::NotFound
                              ? tr("No product has the barcode or SKU \"%1\". Check the code, or add the product "
                                   "in the Catalog first.")
                                    .arg(code)
                              : variant.error().message);
        co_return;
    }
    const QFuture<Result<StockLevel>> pendingLevel = m_services.ledger->level(m_session, variant.value(), m_locationId);
    const Result<StockLevel> level = co_await pendingLevel;
    if (!guard)
        co_return;
    --m_pendingLookups;
    if (!level) {
        QApplication::beep();
        emit codeRejected(level.error().message);
        co_return;
    }
    addLevel(level.value());
}

void StockLinesTable::addLevel(const StockLevel &level, qint64 quantity)
{
    const QLocale locale;
    int row = rowOfVariant(level.variantId);
    m_updating = true;
    if (row >= 0) {
        // A second scan of the same item is one more unit, not a new line.
        const qint64 current = quantityAt(row).value_or(0);
        item(row, QuantityColumn)->setText(locale.toString(current + quantity));
    } else {
        row = rowCount();
        insertRow(row);
        const QString name =
            level.options.isEmpty() ? level.productName : tr("%1 (%2)").arg(level.productName, level.options);
        QTableWidgetItem *product = readOnlyItem(name);
        product->setData(VariantIdRole, level.variantId);
        setItem(row, ProductColumn, product);
        setItem(row, SkuColumn, readOnlyItem(level.sku));
        setItem(row, AvailableColumn,
                readOnlyItem(locale.toString(level.available()), Qt::AlignRight | Qt::AlignVCenter));
        auto *quantityItem = new QTableWidgetItem(locale.toString(quantity));
        quantityItem->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        setItem(row, QuantityColumn, quantityItem);
        auto *cost = new QTableWidgetItem(level.unitCost ? level.unitCost->toString(locale) : QString());
        cost->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        setItem(row, UnitCostColumn, cost);
        setItem(row, LineTotalColumn, readOnlyItem(QString(), Qt::AlignRight | Qt::AlignVCenter));
    }
    m_updating = false;
    updateLineTotal(row);
    setCurrentCell(row, QuantityColumn);
    scrollToItem(item(row, ProductColumn));
    emit lineAdded(row);
    emit linesChanged();
}

void StockLinesTable::removeSelectedLine()
{
    const int row = currentRow();
    if (row < 0)
        return;
    removeRow(row);
    emit linesChanged();
}

int StockLinesTable::rowOfVariant(qint64 variantId) const
{
    for (int row = 0; row < rowCount(); ++row)
        if (item(row, ProductColumn)->data(VariantIdRole).toLongLong() == variantId)
            return row;
    return -1;
}

std::optional<qint64> StockLinesTable::quantityAt(int row) const
{
    bool ok = false;
    const qint64 quantity = QLocale().toLongLong(item(row, QuantityColumn)->text().trimmed(), &ok);
    if (!ok)
        return std::nullopt;
    return quantity;
}

std::optional<Money> StockLinesTable::unitCostAt(int row) const
{
    const QString text = item(row, UnitCostColumn)->text().trimmed();
    if (text.isEmpty())
        return std::nullopt;
    return Money::parse(text, m_currency, QLocale());
}

void StockLinesTable::updateLineTotal(int row)
{
    if (!m_withCost || row < 0 || row >= rowCount())
        return;
    const std::optional<qint64> quantity = quantityAt(row);
    const std::optional<Money> cost = unitCostAt(row);
    std::optional<Money> total;
    if (quantity && cost)
        total = cost->checkedMultiply(*quantity);
    m_updating = true;
    item(row, LineTotalColumn)->setText(total ? total->toString(QLocale()) : QString());
    m_updating = false;
}

Result<QList<StockLine>> StockLinesTable::lines() const
{
    QList<StockLine> result;
    for (int row = 0; row < rowCount(); ++row) {
        const QString name = item(row, ProductColumn)->text();
        const std::optional<qint64> quantity = quantityAt(row);
        if (!quantity || *quantity <= 0)
            return Error::make(ErrorCode::InvalidInput,
                               tr("The quantity of %1 must be a whole number above zero; \"%2\" is not.")
                                   .arg(name, item(row, QuantityColumn)->text()));
        StockLine line;
        line.variantId = item(row, ProductColumn)->data(VariantIdRole).toLongLong();
        line.quantity = *quantity;
        if (m_withCost) {
            const QString costText = item(row, UnitCostColumn)->text().trimmed();
            const std::optional<Money> cost = unitCostAt(row);
            if (!costText.isEmpty() && (!cost || cost->isNegative()))
                return Error::make(ErrorCode::InvalidInput,
                                   tr("The unit cost of %1 is not an amount: type it like %2.")
                                       .arg(name, Money(1999, m_currency).toString(QLocale())));
            line.unitCost = cost;
        }
        result.append(line);
    }
    if (result.isEmpty())
        return Error::make(ErrorCode::InvalidInput, tr("Scan or type a barcode or SKU to add a line first."));
    return result;
}

qint64 StockLinesTable::totalUnits() const
{
    qint64 units = 0;
    for (int row = 0; row < rowCount(); ++row)
        units += std::max<qint64>(0, quantityAt(row).value_or(0));
    return units;
}

std::optional<Money> StockLinesTable::totalCost() const
{
    Money total = Money::zero(m_currency);
    bool any = false;
    for (int row = 0; row < rowCount(); ++row) {
        const std::optional<qint64> quantity = quantityAt(row);
        const std::optional<Money> cost = unitCostAt(row);
        if (!quantity || !cost)
            continue;
        const std::optional<Money> line = cost->checkedMultiply(*quantity);
        const std::optional<Money> sum = line ? total.checkedAdd(*line) : std::nullopt;
        if (!sum)
            return std::nullopt;
        total = *sum;
        any = true;
    }
    return any ? std::optional<Money>(total) : std::nullopt;
}

} // namespace sk
