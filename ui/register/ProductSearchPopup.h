#pragma once

#include "auth/Session.h"

#include <QCoro/QCoroTask>
#include <QDialog>
#include <QTimer>
#include <memory>

class QLineEdit;
class QListWidget;

namespace sk {

class InlineMessage;
class ProductSearch;

// Find an item by name or SKU when it has no barcode at hand (F2 / Ctrl+F
// on the register): type, Up and Down move through the matches while the
// cursor stays in the field, Enter picks. Emits the picked item's SKU.
class ProductSearchPopup : public QDialog {
    Q_OBJECT

public:
    static constexpr int kMaxMatches = 20;

    ProductSearchPopup(std::shared_ptr<ProductSearch> search, const Session &session, QWidget *parent = nullptr);

    QLineEdit *searchBox() const { return m_text; }
    QListWidget *matches() const { return m_list; }
    bool isSearching() const { return m_searching; }

signals:
    void picked(const QString &sku);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QCoro::Task<> search();
    void pick();

    std::shared_ptr<ProductSearch> m_search;
    Session m_session;
    QLineEdit *m_text;
    QListWidget *m_list;
    InlineMessage *m_message;
    QTimer m_delay;
    quint64 m_generation = 0;
    bool m_searching = false;
    bool m_pickWhenFound = false;
};

} // namespace sk
