#include "common/PlaceholderPage.h"

#include "common/PageHeader.h"

#include <QVBoxLayout>

namespace sk {

PlaceholderPage::PlaceholderPage(const QString &title, const QString &summary, QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new PageHeader(title, summary, this));
    layout->addStretch(1);
}

} // namespace sk
