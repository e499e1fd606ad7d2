#pragma once

#include "Services.h"
#include "auth/Session.h"
#include "core/Result.h"
#include "inventory/StockTypes.h"

#include <QCoro/QCoroTask>
#include <QTableWidget>
#include <optional>

namespace sk {

// The lines of a receipt or transfer, filled by scanning: a code (barcode or
// SKU) adds a line with quantity 1, or one more unit when the variant is
// already there. Quantity (and, for receipts, unit cost) are edited in the
// grid. Codes are looked up on a database reader; an unknown one beeps and
// is reported through codeRejected().
class StockLinesTable : public QTableWidget {
    Q_OBJECT

public:
    enum Column { ProductColumn, SkuColumn, AvailableColumn, QuantityColumn, UnitCostColumn, LineTotalColumn,
                  ColumnCount };

    StockLinesTable(const Services &services, const Session &session, bool withCost, const QString &currency,
                    QWidget *parent = nullptr);

    // The location whose figures the Available column shows.
    void setLocationId(qint64 locationId);
    // Adds a line (or a unit) for the variant a code names. Answers with
    // lineAdded() or codeRejected().
    QCoro::Task<> addCode(QString code);
    void addLevel(const StockLevel &level, qint64 quantity = 1);
    void removeSelectedLine();

    bool isEmpty() const { return rowCount() == 0; }
    int pendingLookups() const { return m_pendingLookups; }
    // Every line, or the sentence naming the first line that cannot be used.
    Result<QList<StockLine>> lines() const;
    qint64 totalUnits() const;
    // Sum of quantity x unit cost over the lines whose cost can be read.
    std::optional<Money> totalCost() const;
    QString currency() const { return m_currency; }

signals:
    void lineAdded(int row);
    void codeRejected(const QString &message);
    void linesChanged();

private:
    int rowOfVariant(qint64 variantId) const;
    std::optional<qint64> quantityAt(int row) const;
    std::optional<Money> unitCostAt(int row) const;
    void updateLineTotal(int row);

    Services m_services;
    Session m_session;
    bool m_withCost;
    QString m_currency;
    qint64 m_locationId = 0;
    int m_pendingLookups = 0;
    bool m_updating = false;
};

} // namespace sk
