#pragma once

#include "auth/User.h"
#include "inventory/StockLevelSearch.h"

#include <QList>
#include <QWidget>
#include <utility>

class QComboBox;
class QLabel;
class QPushButton;

namespace sk {

// The Inventory page's filters: location, vendor (for those who see every
// vendor's stock), category and stock state (all, low, out of stock).
class InventoryFilterBar : public QWidget {
    Q_OBJECT

public:
    explicit InventoryFilterBar(QWidget *parent = nullptr);

    void setLocations(const QList<Location> &locations);
    // Hidden while there are none (vendors and clerks never see it).
    void setVendors(const QList<Vendor> &vendors);
    // Category paths in tree order ("Kitchen › Cups").
    void setCategories(const QList<std::pair<qint64, QString>> &categories);

    // Copies the filters into query (text and sort are left alone).
    void apply(StockLevelQuery &query) const;
    bool isFiltering() const;
    std::optional<qint64> locationId() const;
    void setState(StockState state);
    void setLocationId(std::optional<qint64> locationId);

public slots:
    void clear();

signals:
    void changed();

private:
    void emitChanged();

    QComboBox *m_location;
    QLabel *m_vendorLabel;
    QComboBox *m_vendor;
    QComboBox *m_category;
    QComboBox *m_state;
    QPushButton *m_clear;
};

} // namespace sk
