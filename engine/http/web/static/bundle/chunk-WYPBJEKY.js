import{a as e,b as r}from"./chunk-HFAQ22LP.js";import"./chunk-4ZSZ232K.js";import"./chunk-GINGPXMU.js";export{e as TreeViewModule,r as createTreeViewServices};
