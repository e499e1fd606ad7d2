#pragma once

#include <QWidget>

namespace sk {

// A page whose tools are not in this build yet: just its title and what it
// is for, so the navigation already has its final shape.
class PlaceholderPage : public QWidget {
    Q_OBJECT

public:
    PlaceholderPage(const QString &title, const QString &summary, QWidget *parent = nullptr);
};

} // namespace sk
