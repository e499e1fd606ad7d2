#pragma once

#include <QWidget>

namespace sk {

// A page's title in a larger bold font above the sentence saying what the
// page is for.
class PageHeader : public QWidget {
    Q_OBJECT

public:
    PageHeader(const QString &title, const QString &summary, QWidget *parent = nullptr);
};

} // namespace sk
