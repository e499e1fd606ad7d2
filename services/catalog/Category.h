#pragma once

#include <QDateTime>
#include <QString>
#include <optional>

namespace sk {

// One node of the category tree. Roots have no parent; siblings are ordered
// by position (0, 1, 2 ... as CategoryService keeps them).
struct Category {
    qint64 id = 0;
    std::optional<qint64> parentId;
    QString name;
    QString slug;
    QString description;
    int position = 0;
    bool isActive = true;
    QDateTime createdAt;
    QDateTime updatedAt;
};

struct NewCategory {
    std::optional<qint64> parentId;
    QString name;
    QString slug;         // empty: made from the name
    QString description;
};

} // namespace sk
