#include "register/ParkedCartsDialog.h"

#include <QDialogButtonBox>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

ParkedCartsDialog::ParkedCartsDialog(const QList<Cart> &parked, QWidget *parent)
    : QDialog(parent), m_list(new QListWidget(this))
{
    setObjectName(u"parkedCartsDialog"_s);
    setWindowTitle(tr("Parked sales"));
    m_list->setObjectName(u"parkedCarts"_s);
    const QLocale locale;
    for (const Cart &cart : parked) {
        const QString label = cart.label.isEmpty() ? tr("Parked sale") : cart.label;
        auto *item = new QListWidgetItem(tr("%1 · %n item(s) · %2 · %3", nullptr, int(cart.priced.itemCount))
                                             .arg(label, cart.priced.total.toString(locale),
                                                  locale.toString(cart.parkedAt.toLocalTime(), QLocale::ShortFormat)),
                                         m_list);
        item->setData(Qt::UserRole, cart.id);
    }
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);
    auto *buttons = new QDialogButtonBox(this);
    QPushButton *recall = buttons->addButton(tr("&Recall"), QDialogButtonBox::AcceptRole);
    recall->setEnabled(m_list->count() > 0);
    recall->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_list, 1);
    layout->addWidget(buttons);
    // Wide enough for a label, the items, the total and the time on one line.
    resize(fontMetrics().horizontalAdvance(u"x"_s) * 70, fontMetrics().height() * 16);
    const auto recallCurrent = [this] {
        if (QListWidgetItem *item = m_list->currentItem()) {
            emit recallRequested(item->data(Qt::UserRole).toLongLong());
            accept();
        }
    };
    connect(recall, &QPushButton::clicked, this, recallCurrent);
    connect(m_list, &QListWidget::itemActivated, this, recallCurrent);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

} // namespace sk
