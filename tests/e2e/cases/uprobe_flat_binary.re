hit uprobe:/.*/code\.bin:1


